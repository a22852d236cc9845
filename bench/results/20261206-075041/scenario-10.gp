set terminal pngcairo size 1760,610 noenhanced font ",9"
set output 'scenario-10.png'
set multiplot layout 2,4 title "10. The access log on: keep-alive hello world, httpd -a vs nginx access_log (combined format)\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 54886.5 43485.2 103296 8073150 "54,886"
1 "httpd-log" 69497.2 38395.3 107031 11567072 "69,497"
2 "nginx" 51693.9 46448.5 108380 3835592 "51,694"
3 "nginx-log" 36304.4 30196.1 73685.6 9157864 "36,304"
4 "nginx-logbuf" 48771.9 28130.3 71280.4 2055316 "48,772"
EOD
set title "c=100, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:130057]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 34375.9 27238.2 86894.3 8073150 "34,376"
1 "httpd-log" 71669.5 29946.1 82074.1 11567072 "71,670"
2 "nginx" 37285.2 29941.8 97028.8 3835592 "37,285"
3 "nginx-log" 69164.8 36828.7 88335.4 9157864 "69,165"
4 "nginx-logbuf" 36221.9 28849.2 79868.6 2055316 "36,222"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:116435]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 78083.2 52449.7 80563.2 8073150 "78,083"
1 "httpd-log" 37575.1 36979.7 112103 11567072 "37,575"
2 "nginx" 50960.1 39000.2 59283.5 3835592 "50,960"
3 "nginx-log" 39625.8 37481.7 56040.4 9157864 "39,626"
4 "nginx-logbuf" 59271.4 38578.9 71175 2055316 "59,271"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:134523]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 41992.1 26014.1 86965.7 8073150 "41,992"
1 "httpd-log" 41753.8 35348.9 91197.1 11567072 "41,754"
2 "nginx" 31006.4 23822.1 93533.1 3835592 "31,006"
3 "nginx-log" 33397.5 22841.2 48352.5 9157864 "33,397"
4 "nginx-logbuf" 24208.7 22801.5 64154.5 2055316 "24,209"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:112240]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd" 9.44821 7.68822 9.64657 8073150 "9.45"
1 "httpd-log" 9.0984 8.72653 9.10619 11567072 "9.10"
2 "nginx" 9.64722 9.16964 10.1547 3835592 "9.65"
3 "nginx-log" 11.9592 11.6751 12.6983 9157864 "12.0"
4 "nginx-logbuf" 10.1831 9.58861 10.2086 2055316 "10.2"
EOD
set title "c=100, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:15.2379]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd" 8.35067 8.03171 8.3946 8073150 "8.35"
1 "httpd-log" 8.93566 8.54415 10.7397 11567072 "8.94"
2 "nginx" 11.3285 9.78387 11.7957 3835592 "11.3"
3 "nginx-log" 11.3948 11.2824 13.6073 9157864 "11.4"
4 "nginx-logbuf" 10.5061 10.1208 11.9433 2055316 "10.5"
EOD
set title "c=100, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:16.3288]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "httpd" 9.29382 8.66854 9.48553 8073150 "9.29"
1 "httpd-log" 10.1393 8.90321 11.0468 11567072 "10.1"
2 "nginx" 11.0043 10.5508 12.5197 3835592 "11.0"
3 "nginx-log" 13.9617 12.4761 14.6275 9157864 "14.0"
4 "nginx-logbuf" 11.6947 10.8274 12.0213 2055316 "11.7"
EOD
set title "c=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:17.553]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "httpd" 9.79602 8.60969 10.0146 8073150 "9.80"
1 "httpd-log" 10.4066 8.80629 10.9608 11567072 "10.4"
2 "nginx" 11.3649 9.63596 12.1894 3835592 "11.4"
3 "nginx-log" 13.5764 13.4727 14.1478 9157864 "13.6"
4 "nginx-logbuf" 12.231 11.9753 13.1798 2055316 "12.2"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:4.6]
set yrange [0:16.9773]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
