set terminal pngcairo size 1020,610 noenhanced font ",9"
set output 'scenario-9.png'
set multiplot layout 2,2 title "9. SXELua: hello.lua vs C, nginx+Lua and node; httpd.lua vs httpd\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 40219.5 38080 55255.2 8073150 "40,219"
1 "hello-lua" 39936.7 37014.4 57747.9 128 "39,937"
2 "hello-c" 43440.7 35089.2 47319.7 2792796 "43,441"
3 "nginx-lua" 34690.9 22292.9 36765 3835592 "34,691"
4 "node" 35620.8 29232.4 38359.8 6856803 "35,621"
5 "httpd-lua" 36792.9 28478.9 51598.8 5921490 "36,793"
EOD
set title "c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:5.6]
set yrange [0:69297.5]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 51007.8 42855.5 62695.3 8073150 "51,008"
1 "hello-lua" 49123.1 43777.6 70505.2 128 "49,123"
2 "hello-c" 46372.9 40117.8 53844.2 2792796 "46,373"
3 "nginx-lua" 36875.3 30935.9 45164.1 3835592 "36,875"
4 "node" 37007.9 32541.8 42939.1 6856803 "37,008"
5 "httpd-lua" 38152.3 37634 69325.1 5921490 "38,152"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:5.6]
set yrange [0:84606.3]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 8.56743 8.011 9.19623 8073150 "8.57"
1 "hello-lua" 8.85041 7.89583 9.60873 128 "8.85"
2 "hello-c" 8.44629 7.97552 9.05303 2792796 "8.45"
3 "nginx-lua" 12.7774 10.9082 13.8395 3835592 "12.8"
4 "node" 13.7803 11.9797 14.4105 6856803 "13.8"
5 "httpd-lua" 11.3611 10.4689 12.1261 5921490 "11.4"
EOD
set title "c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:5.6]
set yrange [0:17.2926]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd" 9.46004 8.64238 10.4239 8073150 "9.46"
1 "hello-lua" 9.43251 9.0751 10.3097 128 "9.43"
2 "hello-c" 8.7457 8.47882 9.34506 2792796 "8.75"
3 "nginx-lua" 12.7012 12.3984 14.1189 3835592 "12.7"
4 "node" 15.9427 14.1894 17.2459 6856803 "15.9"
5 "httpd-lua" 12.8298 11.2629 13.4197 5921490 "12.8"
EOD
set title "c=1000, client wrk"
unset ylabel
set lmargin 8
set xrange [-0.6:5.6]
set yrange [0:20.6951]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15, "20" 20)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
